// SPDX-License-Identifier: GPL-2.0
/// Phase 1 of the whole-tree scan: record what one C file does with values,
/// so that phase 2 (flow.py) can follow a coherent DMA buffer from the file
/// that allocates it to the file, helper or subsystem that maps it.
///
/// Nothing is judged here.  Each fact is one tab-separated line on stdout:
///   A file line function lhs rhs           an assignment or initialisation
///                                          (lhs += n as lhs = lhs + (n))
///   R file line function expr              a return
///   C file line function callee args       a call (args comma-separated;
///                                          callee: a name or an ops field)
///   D file line function function params   a function definition
///   L file line function name type         a local declaration
///   I file line - struct variable field value   a designated initialiser
/// Struct layouts and ops tables are read from the text by rawfacts.py:
/// parsing headers here would cost more than all of the matching.
///
// Confidence: High (facts only; phase 2 decides)
// Options: --no-includes

@initialize:python@
@@
import os
import re

MAX = 3800	# one os.write() below PIPE_BUF stays whole between --jobs

def norm(s):
	return re.sub(r'\s+', ' ', str(s)).strip()

def emit(tag, p, *fields):
	line = '\t'.join([tag, p[0].file, p[0].line, p[0].current_element] +
			 [norm(f) for f in fields])
	os.write(1, (line[:MAX] + '\n').encode('utf-8', 'replace'))

@assign@
expression L, R;
position p;
@@
L@p = R

@script:python@
L << assign.L; R << assign.R; p << assign.p;
@@
emit('A', p, L, R)

// p += n is p = p + (n): an address moved inside a buffer (a chunk carved
// out of one allocation) is what some sinks get wrong.
@add_assign@
expression L, R;
position p;
@@
L@p += R

@script:python@
L << add_assign.L; R << add_assign.R; p << add_assign.p;
@@
emit('A', p, L, '%s + (%s)' % (L, R))

@sub_assign@
expression L, R;
position p;
@@
L@p -= R

@script:python@
L << sub_assign.L; R << sub_assign.R; p << sub_assign.p;
@@
emit('A', p, L, '%s - (%s)' % (L, R))

@local_decl@
type T;
identifier x;
expression E;
position p;
@@
(
T x@p;
|
T x@p = E;
)

@script:python@
x << local_decl.x; T << local_decl.T; p << local_decl.p;
@@
emit('L', p, x, T)

@return_stmt@
expression R;
position p;
@@
return@p R;

@script:python@
R << return_stmt.R; p << return_stmt.p;
@@
emit('R', p, R)

@call@
expression F;
expression list es;
position p;
@@
F@p(es)

@script:python@
F << call.F; es << call.es; p << call.p;
@@
emit('C', p, F, es)

@fn_def@
type T;
identifier F;
parameter list ps;
position p;
@@
T F@p(ps) { ... }

@script:python@
F << fn_def.F; ps << fn_def.ps; p << fn_def.p;
@@
emit('D', p, F, ps)

@designated@
identifier S, I, f;
expression V;
position p;
@@
struct S I@p = { ..., .f = V, ... };

@script:python@
S << designated.S; I << designated.I; f << designated.f; V << designated.V; p << designated.p;
@@
emit('I', p, S, I, f, V)

// SPDX-License-Identifier: GPL-2.0
/// Phase 1 of the whole-tree scan: record what one C file does with values,
/// so that phase 2 (flow.py) can follow a coherent DMA buffer from the file
/// that allocates it to the file, helper or subsystem that maps it.
///
/// Nothing is judged here.  Each fact is one tab-separated line on stdout:
///   K file line function base field type   a typed field access base->field
///                                          or base.field (the struct type
///                                          is what identifies the field,
///                                          whatever the access path)
///   A file line function lhs rhs           an assignment or initialisation
///   R file line function expr              a return
///   C file line function callee args       a call (args comma-separated)
///   D file line function function params   a function definition
///   L file line function name type         a local declaration
///   I file line - struct variable field value   a designated initialiser
/// The field type comes from the local headers (--local-includes); fields
/// of kernel headers' structs are recognised by name in phase 2.
///
// Confidence: High (facts only; phase 2 decides)
// Options: --include-headers-for-types --local-includes

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

@field_arrow@
type T;
T e;
identifier f;
position p;
@@
e->f@p

@script:python@
e << field_arrow.e; f << field_arrow.f; T << field_arrow.T; p << field_arrow.p;
@@
emit('K', p, e, f, T)

@field_dot@
type T;
T e;
identifier f;
position p;
@@
e.f@p

@script:python@
e << field_dot.e; f << field_dot.f; T << field_dot.T; p << field_dot.p;
@@
emit('K', p, e, f, T)

@assign@
expression L, R;
position p;
@@
L@p = R

@script:python@
L << assign.L; R << assign.R; p << assign.p;
@@
emit('A', p, L, R)

@local_decl@
type T;
identifier x;
position p;
@@
T x@p;

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
identifier F;
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

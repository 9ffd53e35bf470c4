#!/usr/bin/env bash
# scripts/tests/engine_pure.sh - the engine in src/engine/ stays plain C
#
# Run by scripts/test.sh; needs no server.  Every #include of every .c and
# .h file under src/engine/ must name a C standard header (<stdio.h>, ...)
# or one of the engine's own headers ("engine.h", "compiled.h",
# "clock_rules.h"): nothing of PostgreSQL, of the SQL layer in src/ or of
# the system beyond C.  Prints one "ok" line, or one "not ok" line per
# include that breaks the rule.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

# C11's standard headers, and the engine's own
std='assert complex ctype errno fenv float inttypes iso646 limits locale math
	setjmp signal stdalign stdarg stdatomic stdbool stddef stdint stdio stdlib
	stdnoreturn string tgmath threads time uchar wchar wctype'
own='engine.h compiled.h clock_rules.h'

allowed() {
	local inc=$1 h
	case $inc in
	\<*\>)
		inc=${inc#<}
		inc=${inc%>}
		for h in $std; do
			[ "$inc" = "$h.h" ] && return 0
		done
		;;
	\"*\")
		inc=${inc#\"}
		inc=${inc%\"}
		for h in $own; do
			[ "$inc" = "$h" ] && return 0
		done
		;;
	esac
	return 1
}

files=0
bad=0
for f in "$root"/src/engine/*.[ch]; do
	[ -e "$f" ] || continue
	files=$((files + 1))
	# "#include X" and "# include X", with X as written (<...>, "..." or a macro)
	while IFS=: read -r line inc; do
		if ! allowed "$inc"; then
			echo "not ok - engine_pure: ${f#"$root"/}:$line includes $inc"
			bad=$((bad + 1))
		fi
	done < <(grep -nE '^[[:space:]]*#[[:space:]]*include' "$f" |
		sed -E 's/^([0-9]+):[[:space:]]*#[[:space:]]*include[[:space:]]*([^[:space:]]+).*/\1:\2/')
done

if [ "$files" = 0 ]; then
	echo "not ok - engine_pure: no C files under src/engine/"
	exit 1
fi
if [ "$bad" != 0 ]; then
	exit 1
fi
echo "ok - engine_pure: the $files files of src/engine/ include only C standard headers and ${own// /, }"

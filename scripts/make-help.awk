# make-help.awk - `make help`: one line per target of the Makefile, read
# from the Makefile itself so that the list cannot drift from it. A target
# is listed when a "## text" comment sits on the line above its rule, or
# (the demos) when its recipe opens with @echo "target: text". Usage:
#   awk -f scripts/make-help.awk Makefile
/^## / { doc = substr($0, 4); next }
/^[a-zA-Z0-9_.-]+:([^=]|$)/ {
	name = $0; sub(/:.*/, "", name)
	if (doc != "") { show(name, doc); doc = ""; pending = ""; next }
	pending = name; next
}
pending != "" && /^\t@echo "/ {
	text = $0; sub(/^\t@echo "/, "", text); sub(/"$/, "", text)
	if (index(text, pending ": ") == 1)
		show(pending, substr(text, length(pending) + 3))
	pending = ""; next
}
{ doc = ""; pending = "" }
function show(n, t) { printf "  make %-19s %s\n", n, t }

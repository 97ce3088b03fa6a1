# Runs every fuzz target in the repository for a short time, so a new
# crasher (a panic, a hang, a broken promise in a target) fails CI rather
# than a user's build. Targets are found, not listed: a Fuzz function
# added anywhere is run too. FUZZTIME overrides the time per target.
fuzztime="${FUZZTIME:-15s}"
while IFS= read -r hit; do
	file="${hit%%:*}"
	name="${hit#*:func }"
	name="${name%%(*}"
	pkg="./$(dirname "$file")"
	echo "--- fuzz $name in $pkg ($fuzztime)"
	go test -run='^$' -fuzz="^${name}\$" -fuzztime="$fuzztime" "$pkg"
done < <(grep -rHo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*(' internal cmd 2>/dev/null | sed 's/($//' | sort)

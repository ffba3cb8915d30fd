#!/usr/bin/env bash
# packaging/completion/gpupoolctl under bash-completion: the words it offers at a
# few places of a command line, and every command gpupoolctl has.
# Usage: test_gpupoolctl_completion.sh COMPLETION_FILE GPUPOOLCTL
set -u
source /usr/share/bash-completion/bash_completion || { echo "bash-completion is not installed"; exit 1; }
source "$1"

failures=0
# expect WORD... -- the words a user typed (the last one is being completed)
offers() {
    local want=() typed=()
    while [ "$1" != "--" ]; do want+=("$1"); shift; done
    shift
    typed=("$@")
    COMP_WORDS=("${typed[@]}")
    COMP_CWORD=$((${#typed[@]} - 1))
    COMP_LINE="${typed[*]}"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    # compopt complains outside a real completion; what is offered is the same.
    _gpupoolctl gpupoolctl "${typed[-1]}" "${typed[-2]}" 2>/dev/null
    local w
    for w in "${want[@]}"; do
        if ! printf '%s\n' "${COMPREPLY[@]}" | grep -qxF -- "$w"; then
            echo "FAIL: [${typed[*]}] does not offer \"$w\"; offered: ${COMPREPLY[*]}"
            failures=$((failures + 1))
        fi
    done
}
# offers_nothing_like WORD -- typed...: WORD is not among the offers
never() {
    local bad=$1; shift; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
    _gpupoolctl gpupoolctl "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"
    if printf '%s\n' "${COMPREPLY[@]}" | grep -qxF -- "$bad"; then
        echo "FAIL: [$*] offers \"$bad\""; failures=$((failures + 1))
    fi
}

offers run request load config -- gpupoolctl ""
offers run -- gpupoolctl ru
offers --kind --one-endpoint --export --short --min-memory-mib -- gpupoolctl request --
offers --grace --on-lost --allow-spread -- gpupoolctl run --
offers job -- gpupoolctl request --kind j
offers TERM none -- gpupoolctl run --count 2 --on-lost ""
offers round_robin -- gpupoolctl --strategy round
offers qt -- gpupoolctl --transport q
offers socks5h:// -- gpupoolctl --proxy socks5h
# A value option swallows its value: "2" is not taken for the command.
offers --allow-spread -- gpupoolctl --store sqlite:/tmp/x run --count 2 --allow
# After "--" the words are the command's: commands from PATH, not gpupoolctl's options.
offers bash -- gpupoolctl run --count 1 -- bas
never --allow-spread -- gpupoolctl run -- python --allow

# Every global option gpupoolctl --help lists (the completion's list is a copy of it).
# The long options a --help text lists from the line START to the line END:
# options_listed START END ARGS... (ARGS: gpupoolctl's, before --help).
ctl=$2
options_listed() {
    local start=$1 end=$2; shift 2
    "$ctl" "$@" --help 2>&1 | sed -n "/^$start/,/^$end/p" | grep -oE '^  (-[a-z], )?--[a-z-]+' | sed 's/.*--/--/'
}
globals=$(options_listed "Global options:" "\$")
[ -n "$globals" ] || { echo "FAIL: $2 --help lists no global options"; failures=$((failures + 1)); }
# shellcheck disable=SC2086
offers $globals -- gpupoolctl --

# Every command gpupoolctl names (its refusal of an unknown one lists them all).
listed=$("$2" frobnicate 2>&1 | sed -n 's/.*; commands: //p' | tr -d ',')
[ -n "$listed" ] || { echo "FAIL: $2 frobnicate lists no commands"; failures=$((failures + 1)); }
# shellcheck disable=SC2086
offers $listed -- gpupoolctl ""

# Every option of every command, as its --help lists them.
for c in $listed; do
    copts=$(options_listed "Options:" "Global options" "$c" | grep -vx -- '--help')
    [ -n "$copts" ] || continue
    # shellcheck disable=SC2086
    offers $copts -- gpupoolctl "$c" --
done

[ $failures -eq 0 ] && echo "completion: all offers as expected"
exit $((failures > 0))

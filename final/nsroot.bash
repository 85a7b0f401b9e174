# final/nsroot.bash - bash completion for nsroot(1).
# make install puts it in $PREFIX/share/bash-completion/completions/nsroot,
# where bash-completion loads it the first time nsroot is completed.
# By hand: source final/nsroot.bash
# shellcheck shell=bash

_nsroot() {
	local cur prev words cword
	if declare -F _init_completion >/dev/null; then
		_init_completion -n : || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi

	# After NEWROOT (the first word that is not an option or its
	# argument), the words are COMMAND's: complete commands and files.
	local i takes_arg='-v|--volume|--volume-try|-t|--tmpfs|-o|--old-root|-M|--uid-map|-G|--gid-map|-H|--hostname|-w|--workdir|--setenv|--unsetenv|--dir|--symlink|--time-limit|--seccomp|--seccomp-deny|--rlimit|--memory-max|--pids-max|--cpu-max|--json-status-fd|--cap-add|--enter'
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--enter)
			# --enter PID COMMAND...: COMMAND once PID is given
			if ((cword > i + 1)); then
				mapfile -t COMPREPLY < <(compgen -c -- "$cur")
				return
			fi
			;;
		-*) ;;
		*)
			# shellcheck disable=SC2254 # the list is a pattern
			case ${words[i - 1]} in
			$takes_arg) continue ;;
			esac
			mapfile -t COMPREPLY < <(compgen -c -- "$cur")
			return
			;;
		esac
	done

	case $prev in
	-v | --volume | --volume-try | -o | --old-root | -w | --workdir | -t | --tmpfs | --dir)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return
		;;
	--seccomp)
		mapfile -t COMPREPLY < <(compgen -W 'default none' -- "$cur")
		return
		;;
	--rlimit)
		mapfile -t COMPREPLY < <(compgen -W 'as= core= cpu= data= fsize= memlock= nofile= nproc= stack=' -- "$cur")
		compopt -o nospace 2>/dev/null
		return
		;;
	--cap-add)
		# any case, CAP_ or not: net_r is CAP_NET_RAW
		cur=${cur^^}
		[[ $cur == CAP_* ]] || cur=CAP_$cur
		mapfile -t COMPREPLY < <(compgen -W 'CAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_KILL CAP_NET_BIND_SERVICE CAP_NET_RAW CAP_NET_ADMIN CAP_SETUID CAP_SETGID CAP_SYS_CHROOT CAP_SYS_PTRACE CAP_SYS_ADMIN CAP_SYS_NICE CAP_SYS_RESOURCE CAP_MKNOD CAP_AUDIT_WRITE CAP_SETFCAP' -- "$cur")
		return
		;;
	--enter)
		# the caller's running jails: the PID column of nsroot --list
		mapfile -t COMPREPLY < <(compgen -W "$("${words[0]}" --list 2>/dev/null | awk 'NR > 1 { print $1 }')" -- "$cur")
		return
		;;
	-M | --uid-map | -G | --gid-map | -H | --hostname | --setenv | --unsetenv | --symlink | \
		--time-limit | --seccomp-deny | --memory-max | --pids-max | --cpu-max | --json-status-fd)
		return
		;;
	esac

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$("${words[0]}" --help 2>/dev/null | grep -o -- '--\?-[a-zA-Z0-9][a-z0-9-]*' | sort -u)" -- "$cur")
		return
	fi
	# NEWROOT: a directory
	mapfile -t COMPREPLY < <(compgen -d -- "$cur")
}
complete -F _nsroot nsroot

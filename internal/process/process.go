// Package process names this process so that others can tell later
// whether it still runs: the one-sender-at-a-time hold and the temporary
// files of exports and backups both need that.
package process

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
)

// Owner names this process: "pid N on HOST".
func Owner() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("pid %d on %s", os.Getpid(), host)
}

// Alive reports whether the process named by an Owner string still runs:
// only a process on this host can be checked; others are assumed alive.
func Alive(owner string) bool {
	var pid int
	var host string
	if _, err := fmt.Sscanf(owner, "pid %d on %s", &pid, &host); err != nil {
		return true
	}
	if h, _ := os.Hostname(); h != host {
		return true
	}
	return Running(pid)
}

// Running reports whether process pid runs on this host. A process of
// another user counts as running.
func Running(pid int) bool {
	if pid <= 0 {
		return false
	}
	// On Linux a killed process nobody has reaped yet is a zombie: dead.
	if stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		if i := strings.LastIndexByte(string(stat), ')'); i >= 0 && i+2 < len(stat) && stat[i+2] == 'Z' {
			return false
		}
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	return !errors.Is(p.Signal(syscall.Signal(0)), os.ErrProcessDone)
}

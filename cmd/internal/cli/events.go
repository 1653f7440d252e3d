package cli

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

// EventEnv names the environment variable through which a parent process asks
// for the command's progress events: the number of a file descriptor the
// command inherited (3 for the first of os/exec's ExtraFiles). The command
// writes one line to it per event, such as
//
//	interruptible        SIGINT and SIGTERM now stop the command cleanly
//	seed-finished 1      run: a seed's run has finished and is kept
//	run-written 3        sweep, phase, report: 3 runs are in the results file
//
// Without the variable nothing is written. The command's own tests wait on
// these lines before they send a signal, instead of sleeping and hoping the
// command got there.
const EventEnv = "MODCOMP_EVENT_FD"

var (
	eventMu   sync.Mutex
	eventFile = sync.OnceValue(func() *os.File {
		fd, err := strconv.Atoi(os.Getenv(EventEnv))
		if err != nil || fd < 3 {
			return nil
		}
		return os.NewFile(uintptr(fd), "events")
	})
)

// Event writes one Event line, if a parent asked for events (eventEnv). A
// failed write is ignored: events are for the parent's synchronisation only
// and never change what the command does.
func Event(format string, args ...any) {
	f := eventFile()
	if f == nil {
		return
	}
	eventMu.Lock()
	defer eventMu.Unlock()
	_, _ = fmt.Fprintf(f, format+"\n", args...)
}

package bench

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// abScript runs bench/ab.sh with args and returns its stdout, its stderr and
// its exit status. It skips the test where bash or git is missing or the
// package does not lie in a git work tree (a source archive).
func abScript(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the benchmark binaries of two commits")
	}
	for _, tool := range []string{"bash", "git"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s", tool)
		}
	}
	if err := exec.Command("git", "rev-parse", "--verify", "--quiet", "HEAD^{commit}").Run(); err != nil {
		t.Skip("not in a git work tree with a commit")
	}
	cmd := exec.Command("bash", append([]string{"ab.sh"}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return stdout.String(), stderr.String(), code
}

// TestABScriptRefusesBadArguments checks that bench/ab.sh refuses a name that
// is not a commit, a count that is not a positive integer and a pattern that
// matches no benchmark with exit status 2, a message, and nothing written.
func TestABScriptRefusesBadArguments(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ab")
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"no-such-commit", "Clock", "1", out}, "is not a commit"},
		{[]string{"HEAD", "Clock", "0", out}, "COUNT must be a positive integer"},
		{[]string{"HEAD", "Clock", "x", out}, "COUNT must be a positive integer"},
		{[]string{"HEAD", "Clock", "1"}, "usage"},
		{[]string{"HEAD", "NoSuchBenchmark$", "1", out}, "no benchmark matches"},
	} {
		_, stderr, code := abScript(t, c.args...)
		require.Equal(t, 2, code, "%v: %s", c.args, stderr)
		require.Contains(t, stderr, c.msg, "%v", c.args)
		require.NoDirExists(t, out, "%v", c.args)
	}
}

// TestABScriptRunsBothBinariesInTurns runs bench/ab.sh for one cheap
// benchmark, two passes each against HEAD: both files hold two runs and the
// comparison is printed.
func TestABScriptRunsBothBinariesInTurns(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ab")
	stdout, stderr, code := abScript(t, "HEAD", "Clock$", "2", out)
	require.Equal(t, 0, code, stderr)
	for _, name := range []string{"old.txt", "new.txt"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		require.NoError(t, err)
		require.Equal(t, 2, strings.Count(string(b), "\nBenchmarkClock"), "%s:\n%s", name, b)
		require.Contains(t, string(b), "modcomp provenance:", name)
	}
	require.Contains(t, stdout, "old: old.txt, new: new.txt")
	require.Contains(t, stdout, "| Clock")
	require.Contains(t, stderr, "round 2 of 2 done")
	require.NotContains(t, stderr, "round 3")
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/cmd/internal/cli"
	"github.com/modcomp/modcomp/core/kernel"
)

// TestKernelEnvChoosesThePath: MODCOMP_KERNEL makes a command train on the
// path it names, which the run's provenance and 'modcomp kernels' report,
// and every path writes the same results; a path this build or CPU lacks
// stops the command before it starts.
func TestKernelEnvChoosesThePath(t *testing.T) {
	t.Setenv(cli.KernelEnv, "")
	code, out, errOut := runMain(append([]string{"run", "-json", "-seeds", "2"}, tiny...)...)
	require.Equal(t, 0, code, errOut)
	want := withoutProvenance(t, []byte(out))
	for _, path := range kernel.Paths() {
		t.Setenv(cli.KernelEnv, path)
		out := filepath.Join(t.TempDir(), "out")
		code, got, errOut := runMain(append([]string{"run", "-json", "-seeds", "2", "-out", out}, tiny...)...)
		require.Equal(t, 0, code, errOut)
		require.Equal(t, want, withoutProvenance(t, []byte(got)), "path %s: the results of the default path", path)
		data, err := os.ReadFile(filepath.Join(out, "run.json"))
		require.NoError(t, err)
		var doc struct {
			Provenance struct {
				Kernel string `json:"kernel"`
			} `json:"provenance"`
		}
		require.NoError(t, json.Unmarshal(data, &doc))
		require.Equal(t, path, doc.Provenance.Kernel, "run.json names the path it trained on")
		code, _, errOut = runMain("kernels")
		require.Equal(t, 0, code)
		require.Contains(t, errOut, "in use: "+path+" ")
	}
	t.Setenv(cli.KernelEnv, "avx1024")
	code, _, errOut = runMain(append([]string{"run"}, tiny...)...)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, `modcomp: MODCOMP_KERNEL: kernel path "avx1024": not one of`)
	code, out, errOut = runMain("kernels")
	require.Equal(t, 2, code)
	require.Contains(t, out, "generic\n", "the paths to choose from are listed first")
	require.Contains(t, errOut, `MODCOMP_KERNEL: kernel path "avx1024"`)
}

// withoutProvenance returns a run's JSON document without its provenance,
// re-encoded: the results alone.
func withoutProvenance(t *testing.T, data []byte) string {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	delete(doc, "provenance")
	out, err := json.Marshal(doc)
	require.NoError(t, err)
	return string(out)
}

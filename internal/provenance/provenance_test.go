package provenance

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Test binaries carry no version-control stamp and do not read their
// checkout: their revision is TestBinary, whatever the checkout's state; a
// built modcomp carries the commit, a go run build reads its checkout.
func TestRevisionOfATestBinary(t *testing.T) {
	require.Equal(t, TestBinary, Revision())
	require.Equal(t, "test binary", Current().RevisionFrom)
}

// TestReadCheckout reads this repository's checkout as a go run build would:
// the revision git names for HEAD, from any directory under the module's
// root; a directory outside the module gives nothing.
func TestReadCheckout(t *testing.T) {
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skip("not in a git checkout")
	}
	got := readCheckout(".", "github.com/modcomp/modcomp")
	require.Equal(t, strings.TrimSpace(string(head)), got.revision)
	status, err := exec.Command("git", "status", "--porcelain").Output()
	require.NoError(t, err)
	require.Equal(t, len(strings.TrimSpace(string(status))) > 0, got.modified)
	require.Equal(t, checkoutState{}, readCheckout(".", "example.com/another"), "the nearest go.mod is another module's")
	require.Equal(t, checkoutState{}, readCheckout(t.TempDir(), "github.com/modcomp/modcomp"))
}

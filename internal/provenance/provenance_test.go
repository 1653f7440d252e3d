package provenance

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Test binaries carry no version-control stamp, so the revision is Unknown;
// a built modcomp carries the commit (see the README's reliability section).
func TestRevisionOfATestBinary(t *testing.T) {
	require.Equal(t, Unknown, Revision())
}

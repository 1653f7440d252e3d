package param_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/modcomp/modcomp/core/param"
	_ "github.com/modcomp/modcomp/core/train" // registers the methods declared in their own files (agm)
)

// TestMethodDeclaresItsSettings: a method registered from its own file
// (core/train's agm.go) is known to -set, JSON, validation and Clone
// through its spec alone.
func TestMethodDeclaresItsSettings(t *testing.T) {
	require.Contains(t, param.MethodNames(), "agm")
	require.Contains(t, param.SettingKeys(), "agm.alpha")

	c := param.Default()
	require.NoError(t, c.SetAll([]string{"method=agm"}))
	require.NoError(t, c.Validate())
	require.Equal(t, 0.1, c.Setting("alpha"), "unset: the source's default")
	require.NoError(t, c.SetAll([]string{"agm.alpha=0.25"}))
	require.NoError(t, c.Validate())
	require.Equal(t, 0.25, c.Setting("alpha"))

	d := c.Clone()
	d.Settings["agm.alpha"] = 0.5
	require.Equal(t, 0.25, c.Setting("alpha"), "Clone copies the settings")

	decoded, err := param.Decode([]byte(`{"method": "agm", "settings": {"agm.alpha": 0.3}}`), param.Default())
	require.NoError(t, err)
	require.NoError(t, decoded.Validate())
	require.Equal(t, 0.3, decoded.Setting("alpha"))

	for _, tc := range []struct {
		set  []string
		want string
	}{
		{[]string{"agm.alpha=0.2"}, "agm.alpha: is a setting of method agm, not of joint"},
		{[]string{"method=agm", "agm.alpha=-1"}, "agm.alpha: must be in [0, 10], got -1"},
		{[]string{"method=agm", "batch=10"}, "method: agm does not combine with a minibatch, a learned head or Adam (joint, ensemble, pretrain do)"},
		{[]string{"method=agm", "alpha=0.5"}, "alpha: is a setting of method ogm-ge, not of agm"},
		{[]string{"method=moddrop", "p_drop=0.5", "agm.alpha=0.2"}, "agm.alpha: is a setting of method agm, not of moddrop"},
	} {
		c := param.Default()
		require.NoError(t, c.SetAll(tc.set), "%v", tc.set)
		require.ErrorContains(t, c.Validate(), tc.want, "%v", tc.set)
	}
	c = param.Default()
	require.ErrorContains(t, c.Set("agm.beta", "1"), "unknown parameter")
	require.ErrorContains(t, c.Set("settings", "1"), "set a method's setting by its own key (known: agm.alpha")
	require.ErrorContains(t, c.Set("agm.alpha", "x"), `agm.alpha: want a number, got "x"`)

	_, err = param.Decode([]byte(`{"method": "agm", "settings": {"agm.beta": 1}}`), param.Default())
	require.ErrorContains(t, err, "agm.beta: unknown method setting (known: agm.alpha")
}

// TestMethodNote: a method's table note is what its spec declares.
func TestMethodNote(t *testing.T) {
	c := param.Default()
	require.Equal(t, "", c.MethodNote())
	require.NoError(t, c.SetAll([]string{"method=moddrop", "p_drop=0.5"}))
	require.Equal(t, "(drop rate 0.333)", c.MethodNote())
}

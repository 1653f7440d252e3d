package param

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDefaultIsValid(t *testing.T) {
	c := Default()
	require.NoError(t, c.Validate())
}

// TestEffectiveDropRate: the drop rate of a branch, conditioned on a kept
// branch, by hand: p/(1+p) for two modalities, (p − p³)/(1 − p³) for three.
func TestEffectiveDropRate(t *testing.T) {
	c := Default()
	c.PDrop = 0.5
	require.InDelta(t, 1.0/3, c.EffectiveDropRate(), 1e-15)
	c.R, c.PDrop = 3, 0.5
	require.InDelta(t, (0.5-0.125)/(1-0.125), c.EffectiveDropRate(), 1e-15)
	c.PDrop = 0
	require.Equal(t, 0.0, c.EffectiveDropRate())
}

func TestValidateNamesFieldAndRule(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Case)
		want   string
	}{
		{"one modality", func(c *Case) { c.R = 1 }, "r: must be ≥ 2, got 1"},
		{"no classes", func(c *Case) { c.K = 1 }, "k: must be ≥ 2, got 1"},
		{"k above d", func(c *Case) { c.K, c.D = 20, 10 }, "k: must be ≤ d (one dictionary column per class), got k=20 > d=10"},
		{"s equals k", func(c *Case) { c.S = c.K }, "s: must be < k (off-target coordinates come from the other classes), got s=10, k=10"},
		{"negative s", func(c *Case) { c.S = -1 }, "s: must be ≥ 0, got -1"},
		{"no neurons", func(c *Case) { c.M = 0 }, "m: must be ≥ 1, got 0"},
		{"q below 3", func(c *Case) { c.Q = 2 }, "q: must be ≥ 3, got 2"},
		{"zero rho", func(c *Case) { c.Rho = 0 }, "rho: must be > 0, got 0"},
		{"negative sigma0", func(c *Case) { c.Sigma0 = -1e-3 }, "sigma0: must be > 0, got -0.001"},
		{"NaN eta", func(c *Case) { c.Eta = math.NaN() }, "eta: must be a finite number, got NaN"},
		{"Inf sigma_g", func(c *Case) { c.SigmaG = math.Inf(1) }, "sigma_g: must be a finite number, got +Inf"},
		{"zero steps", func(c *Case) { c.Steps = 0 }, "steps: must be ≥ 1, got 0"},
		{"negative n", func(c *Case) { c.N = -5 }, "n: must be ≥ 1, got -5"},
		{"mu above 1", func(c *Case) { c.Mu = []float64{1.2, 0} }, "mu[0]: must be in [0, 1], got 1.2"},
		{"mu negative", func(c *Case) { c.Mu = []float64{0.1, -0.1} }, "mu[1]: must be in [0, 1], got -0.1"},
		{"exclusive sum above 1", func(c *Case) { c.Mu = []float64{0.6, 0.5} }, "mu: exclusive pattern needs Σμ ≤ 1, got 1.1"},
		{"mu NaN", func(c *Case) { c.Mu = []float64{math.NaN(), 0.1} }, "mu[0]: must be a finite number, got NaN"},
		{"mu wrong length", func(c *Case) { c.Mu = []float64{0.1} }, "mu: needs one value per modality (r=2), got 1"},
		{"unknown pattern", func(c *Case) { c.Pattern = "sometimes" }, `pattern: must be "exclusive" or "independent", got "sometimes"`},
		{"a not positive", func(c *Case) { c.A = []float64{0, 1} }, "a[0]: must be > 0, got 0"},
		{"b below a", func(c *Case) { c.B = []float64{1.5, 0.5} }, "b[1]: must be ≥ a[1] (1), got 0.5"},
		{"off-target below insufficient target", func(c *Case) { c.OffLo = 0.1 }, "off_lo: must be > insuff_hi (0.15): the insufficient target is smaller than the off-target signal, got 0.1"},
		{"insufficient range reversed", func(c *Case) { c.InsuffHi = 0.01 }, "insuff_hi: must be ≥ insuff_lo (0.05), got 0.01"},
		{"kappa above 1", func(c *Case) { c.Kappa = 2 }, "kappa: must be in [0, 1], got 2"},
		{"spike probability above 1", func(c *Case) { c.SpikeProb = 1.5 }, "spike_prob: must be in [0, 1], got 1.5"},
		{"too few lambda points", func(c *Case) { c.LambdaPoints = 1 }, "lambda_points: must be ≥ 2, got 1"},
		{"q too large", func(c *Case) { c.Q = 100 }, "q: must be ≤ 64, got 100"},
		{"huge data", func(c *Case) { c.N = 1 << 30 }, "n: n·d must be ≤ 268435456, got 1073741824·500"},
	}
	seen := map[string]string{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Default()
			tc.change(&c)
			err := c.Validate()
			require.EqualError(t, err, tc.want)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			if other, dup := seen[tc.want]; dup {
				t.Fatalf("cases %q and %q give the same message", other, tc.name)
			}
			seen[tc.want] = tc.name
		})
	}
}

func TestSet(t *testing.T) {
	c := Default()
	require.NoError(t, c.SetAll([]string{"sigma0=1e-5", "mu=0.2, 0.25", "k=12", "pattern=independent"}))
	require.Equal(t, 1e-5, c.Sigma0)
	require.Equal(t, []float64{0.2, 0.25}, c.Mu)
	require.Equal(t, 12, c.K)
	require.Equal(t, Independent, c.Pattern)
	require.NoError(t, c.Validate())

	for _, tc := range []struct{ in, want string }{
		{"sigma=1", "sigma: unknown parameter (known: "},
		{"k=ten", `k: want an integer, got "ten"`},
		{"mu=0.1,x", `mu: value 2: want a number, got "x"`},
		{"eta", "eta: want key=value"},
		{"rho=", `rho: want a number, got ""`},
		{"sigma0=1e400", "sigma0: must be a finite number, got 1e400 (beyond float64's range)"},
		{"mu=0.1,-1e999", "mu: value 2: must be a finite number, got -1e999 (beyond float64's range)"},
	} {
		c := Default()
		require.ErrorContains(t, c.SetAll([]string{tc.in}), tc.want, tc.in)
	}
}

func TestDecode(t *testing.T) {
	c, err := Decode([]byte(`{"k": 5, "mu": [0.2, 0.3]}`), Default())
	require.NoError(t, err)
	require.Equal(t, 5, c.K)
	require.Equal(t, 500, c.D, "absent fields keep the base value")

	for _, tc := range []struct{ in, want string }{
		{`{"k": 5, "colour": 1}`, "colour: unknown parameter"},
		{`{"k": "five"}`, `k: want a whole number, got a string "five"`},
		{`{"k": 5.5}`, "k: want a whole number, got a number 5.5"},
		{`{"mu": "half"}`, `mu: want a list of numbers, one per modality, such as [0.1, 0.3], got a string "half"`},
		{`[1, 2, 3]`, `case JSON: want an object of parameters such as {"k": 10, "mu": [0.1, 0.3]}, got an array`},
		{`"k"`, "case JSON: want an object of parameters such as {\"k\": 10, \"mu\": [0.1, 0.3]}, got a string"},
		{`{"K": 5}`, `K: unknown parameter; did you mean "k"? (names are case-sensitive)`},
		{`{"k": 5, "k": 6}`, "k: key appears twice"},
		{`{"k": null}`, "k: null is not a value (leave the key out to keep the default)"},
		{`{"mu": [0.1, null]}`, "mu[1]: null is not a value"},
		{`{"k": 5,`, "case JSON: truncated or empty document"},
		{``, "case JSON: truncated or empty document"},
		{"{\n\"k\": 5 x}", "case JSON: line 2: invalid character 'x'"},
		{`{"k": 1}`, "k: must be ≥ 2, got 1"},
		{`{"k": 5} {}`, "case JSON: unexpected data after the object"},
		{`{"sigma0": 1e400}`, "sigma0: must be a finite number, got 1e400 (beyond float64's range)"},
	} {
		_, err := Decode([]byte(tc.in), Default())
		require.ErrorContains(t, err, tc.want, tc.in)
	}
}

func TestCloneIsDeep(t *testing.T) {
	a := Default()
	b := a.Clone()
	b.Mu[0] = 0.9
	require.Equal(t, 0.1, a.Mu[0])
}

// TestMethodSettings: every method name and setting is checked, and a
// setting of one method given to another is refused.
func TestMethodSettings(t *testing.T) {
	ok := func(set ...string) {
		c := Default()
		require.NoError(t, c.SetAll(set))
		require.NoError(t, c.Validate(), "%v", set)
	}
	ok("method=joint")
	ok("method=ensemble")
	ok("method=pretrain", "pre_steps=100")
	ok("method=moddrop", "p_drop=0.5")
	ok("method=ogm-ge", "alpha=0")
	ok("method=ogm-ge", "alpha=0.8")
	ok("method=gblend", "blend_trial=50", "blend_holdout=0.25")
	ok("dictionary=householder")
	ok("dictionary=gonum-qr")
	for _, tc := range []struct {
		set  []string
		want string
	}{
		{[]string{"method=dropout"}, `method: must be one of joint, ensemble, pretrain, moddrop, ogm-ge, gblend, mmpareto`},
		{[]string{"method=ogm-ge", "alpha=-0.1"}, "alpha: must be ≥ 0, got -0.1"},
		{[]string{"method=moddrop", "p_drop=1"}, "p_drop: must be in [0, 1), got 1"},
		{[]string{"method=moddrop", "p_drop=-0.2"}, "p_drop: must be in [0, 1), got -0.2"},
		{[]string{"method=pretrain", "pre_steps=-1"}, "pre_steps: must be in [0, 1000000000], got -1"},
		{[]string{"method=joint", "alpha=0.5"}, "alpha: is a setting of method ogm-ge, not of joint"},
		{[]string{"p_drop=0.5"}, "p_drop: is a setting of method moddrop, not of joint"},
		{[]string{"method=ogm-ge", "pre_steps=10"}, "pre_steps: is a setting of method pretrain, not of ogm-ge"},
		{[]string{"method=gblend", "blend_holdout=1"}, "blend_holdout: must be in [0, 1), got 1"},
		{[]string{"method=gblend", "blend_holdout=0.001"}, "blend_holdout: must leave at least one sample on each side"},
		{[]string{"method=pretrain", "pre_steps=5", "blend_trial=3"}, "blend_trial: is a setting of method gblend, not of pretrain"},
		{[]string{"method=pretrain"}, "pre_steps: is required by method pretrain"},
		{[]string{"until=forever"}, "until: must be one of steps, zero-error"},
		{[]string{"dictionary=svd"}, "dictionary: must be one of gonum-qr, householder"},
		{[]string{"source=mnist-halves", "dictionary=householder"}, "dictionary: chooses how the paper's distribution draws its dictionaries"},
		{[]string{"until_loss=0.01"}, "until_loss: is a setting of until=zero-error"},
		{[]string{"until=zero-error", "until_loss=-1"}, "until_loss: must be ≥ 0"},
		{[]string{"until=zero-error", "until_loss=NaN"}, "until_loss"},
	} {
		c := Default()
		require.NoError(t, c.SetAll(tc.set))
		require.ErrorContains(t, c.Validate(), tc.want, "%v", tc.set)
	}
}

func TestOptional(t *testing.T) {
	for _, k := range []string{"method", "pre_steps", "batch", "head", "optimizer", "beta1", "activation", "dictionary", "until", "until_loss"} {
		require.True(t, Optional(k), k)
	}
	for _, k := range []string{"r", "mu", "eta", "steps", "unknown"} {
		require.False(t, Optional(k), k)
	}
}

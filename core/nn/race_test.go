//go:build race

package nn

// raceEnabled: the race detector allocates on its own account.
const raceEnabled = true

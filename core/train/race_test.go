//go:build race

package train

// raceEnabled: the race detector allocates on its own account.
const raceEnabled = true

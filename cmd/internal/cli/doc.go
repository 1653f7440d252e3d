// Package cli holds what the commands of cmd/modcomp share: the flags that
// choose a case, its seeds and the memory limit, the CPU profile, the
// interruption by SIGINT or SIGTERM, the progress bar and the events a
// parent process may wait on, the kernel path and provenance of the build,
// and how an error becomes an exit status. The commands parse their own
// flags and call the packages that own each concept; what every command
// needs lives here once.
package cli

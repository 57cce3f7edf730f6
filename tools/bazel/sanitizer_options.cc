// Default options of the sanitizers under --config=asan and --config=fuzz.
//
// The runtime re-executes itself (as a container's init, as `exec`'s joining
// process) with an empty environment, so ASAN_OPTIONS never reaches those
// processes: what every process of the build needs is compiled in here. An
// ASAN_OPTIONS in the environment still overrides these for the process it
// reaches.

extern "C" {

// Leaks are checked (LeakSanitizer runs at exit()); container inits and
// exec'd helpers leave through execve or _exit, which never run it.
// abort_on_error: a finding ends the process with SIGABRT, which every test
// harness (and a parent waiting for a container's init) sees as a failure.
const char* __asan_default_options() {
  return "abort_on_error=1:detect_stack_use_after_return=0:"
         "strict_string_checks=1:check_initialization_order=1";
}

// UBSan reports with a stack and fails (the build also passes
// -fno-sanitize-recover so the first finding stops the process).
const char* __ubsan_default_options() { return "print_stacktrace=1:halt_on_error=1"; }

}  // extern "C"

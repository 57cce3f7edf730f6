#!/bin/sh
# Stand-in for @remote_coverage_tools (see BUILD.bazel): nsinit does not merge
# coverage reports, so there is nothing to generate.
exit 0

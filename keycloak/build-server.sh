#!/bin/sh
# Builds the unpacked Keycloak server for `kc.sh start --optimized` (Quarkus augmentation,
# about 20 s of one core), once: does nothing when the server is already built with these
# options. Maven runs it in the background while it compiles (pom.xml, execution
# keycloak-build); LocalKeycloak runs it again before starting Keycloak, which waits here
# for a build still running (a lock) and builds the server when none succeeded (a run
# from an IDE, an interrupted or failed build). ADR 0119.
#
# Usage: build-server.sh KEYCLOAK_HOME
# Leaves in KEYCLOAK_HOME: mandat-build.options (the options of the last successful
# build), mandat-build.log (Keycloak's output), mandat-build.lock.
set -u
home="$1"
# Build-time options only: the database kind. Everything else is given at start.
options="--db=postgres"

exec 9>"$home/mandat-build.lock"
flock 9
if [ -f "$home/mandat-build.options" ] && [ "$(cat "$home/mandat-build.options")" = "$options" ]; then
	exit 0
fi
rm -f "$home/mandat-build.options"
chmod +x "$home/bin/kc.sh"
# The build is a short-lived JVM: on the client compiler only it took 19–20 s and 15–16 s of CPU
# instead of 24–26 s and 28–32 s here (docs/benchmarks.md); what it builds does not depend on it.
# shellcheck disable=SC2086 # the options are words
JAVA_OPTS_APPEND="${JAVA_OPTS_APPEND:-} -XX:TieredStopAtLevel=1" \
	"$home/bin/kc.sh" build $options >"$home/mandat-build.log" 2>&1 || exit $?
printf '%s' "$options" >"$home/mandat-build.options"

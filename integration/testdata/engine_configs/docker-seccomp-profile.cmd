docker run --rm --network none --security-opt seccomp=/tmp/h1/cap/sec.json IMAGE true

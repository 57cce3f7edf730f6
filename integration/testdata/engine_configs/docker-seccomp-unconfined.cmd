docker run --rm --network none --security-opt seccomp=unconfined IMAGE true

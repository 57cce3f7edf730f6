docker run --rm --network none --stop-signal SIGINT --cgroupns private IMAGE true

docker run --rm --network none --privileged IMAGE true

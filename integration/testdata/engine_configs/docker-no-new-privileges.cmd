docker run --rm --network none --security-opt no-new-privileges IMAGE true

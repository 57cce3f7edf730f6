docker run --rm --network none --log-driver none --restart no -t IMAGE true

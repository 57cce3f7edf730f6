docker run --rm --network none  IMAGE true

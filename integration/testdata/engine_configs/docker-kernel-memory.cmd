docker run --rm --network none --kernel-memory 64m IMAGE true

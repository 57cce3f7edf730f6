docker run --rm --network none --read-only --tmpfs /run:size=1m IMAGE true

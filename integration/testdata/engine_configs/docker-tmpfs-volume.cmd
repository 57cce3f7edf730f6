docker run --rm --network none --tmpfs /scratch:size=1m,mode=1777 -v /tmp/h1/cap/vol:/v:ro --shm-size 16m IMAGE true

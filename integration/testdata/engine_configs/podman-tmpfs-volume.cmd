podman --cgroup-manager cgroupfs run --rm --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --tmpfs /scratch:size=1m -v /tmp/h1/cap/vol:/v:ro --shm-size 16m IMAGE true

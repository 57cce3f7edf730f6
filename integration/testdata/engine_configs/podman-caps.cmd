podman --cgroup-manager cgroupfs run --rm --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --cap-drop ALL --cap-add NET_ADMIN IMAGE true

podman --cgroup-manager cgroupfs run --rm --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --user 65534:65534 --group-add 10 IMAGE true

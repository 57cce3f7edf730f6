podman --cgroup-manager cgroupfs run --rm --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --memory 64m --memory-swap 128m --cpus 0.5 --pids-limit 100 --cpu-shares 512 IMAGE true

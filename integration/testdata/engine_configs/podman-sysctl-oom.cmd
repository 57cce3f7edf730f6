podman --cgroup-manager cgroupfs run --rm --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --sysctl kernel.msgmax=65536 --oom-score-adj 100 IMAGE true

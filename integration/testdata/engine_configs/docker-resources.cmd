docker run --rm --network none -m 64m --memory-swap 128m --memory-reservation 32m --cpus 0.5 --cpu-shares 512 --pids-limit 100 --cpuset-cpus 0 --cpuset-mems 0 IMAGE true

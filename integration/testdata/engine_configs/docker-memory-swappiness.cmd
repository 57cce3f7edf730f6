docker run --rm --network none -m 64m --memory-swappiness 10 --oom-kill-disable IMAGE true

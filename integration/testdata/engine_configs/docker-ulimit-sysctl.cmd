docker run --rm --network none --ulimit nofile=1024:2048 --sysctl kernel.msgmax=65536 --oom-score-adj 100 IMAGE true

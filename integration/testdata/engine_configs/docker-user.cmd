docker run --rm --network none --user 65534:65534 --group-add 10 --workdir /tmp -e A=1 --hostname h1 IMAGE true

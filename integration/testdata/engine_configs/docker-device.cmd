docker run --rm --network none --device /dev/null:/dev/mynull:rw --device-cgroup-rule c 1:5 rwm IMAGE true

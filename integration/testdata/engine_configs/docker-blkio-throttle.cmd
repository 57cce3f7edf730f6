docker run --rm --network none --device-read-bps /dev/null:1mb --device-write-iops /dev/null:100 IMAGE true

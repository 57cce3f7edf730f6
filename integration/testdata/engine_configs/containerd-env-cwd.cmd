ctr run --rm --runc-binary RUNTIME --env A=1 --cwd /tmp --memory-limit 33554432 --rootfs ROOTFS ID /bin/true

ctr run --rm --runc-binary RUNTIME --privileged --rootfs ROOTFS ID /bin/true

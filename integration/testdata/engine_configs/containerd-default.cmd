ctr run --rm --runc-binary RUNTIME  --rootfs ROOTFS ID /bin/true

ctr run --rm --runc-binary RUNTIME --memory-limit 67108864 --cpus 0.5 --cpu-shares 512 --rootfs ROOTFS ID /bin/true

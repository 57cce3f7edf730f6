ctr run --rm --runc-binary RUNTIME --net-host --with-ns pid:/proc/1/ns/pid --rootfs ROOTFS ID /bin/true

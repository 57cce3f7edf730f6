ctr run --rm --runc-binary RUNTIME --cap-add CAP_SYS_ADMIN --seccomp --rootfs ROOTFS ID /bin/true

ctr run --rm --runc-binary RUNTIME --read-only --mount type=tmpfs,src=tmpfs,dst=/scratch,options=size=1m --rootfs ROOTFS ID /bin/true

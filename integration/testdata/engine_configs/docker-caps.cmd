docker run --rm --network none --cap-drop ALL --cap-add NET_ADMIN --cap-add SYS_TIME IMAGE true

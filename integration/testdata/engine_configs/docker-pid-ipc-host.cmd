docker run --rm --network none --pid host --ipc host --uts host IMAGE true

docker run --rm --network none --cpu-period 50000 --cpu-quota 25000 IMAGE true

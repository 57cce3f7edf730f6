#include "runtime/config/v1_import.h"

#include "gtest/gtest.h"

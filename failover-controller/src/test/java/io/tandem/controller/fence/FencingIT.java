package io.tandem.controller.fence;

package io.inetkit.testkit.http;
